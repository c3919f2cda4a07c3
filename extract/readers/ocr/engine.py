"""The OCR model: PP-OCRv4 Chinese text recognition (ONNX, shipped inside the
``rapidocr-onnxruntime`` wheel, Apache-2.0), run on the CPU by onnxruntime, loaded once per
process and never downloaded.

Recognition is decoded here rather than by rapidocr's helper because the reader needs what that
helper averages away: every character's own probability (a cell is only as sure as its least
sure digit) and where along the crop each character sits (to cut a line into cells).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import cv2
import numpy as np

#: recogniser input height and the width one output step covers, in input pixels
_REC_HEIGHT = 48
_REC_STEP = 8
#: crops per recogniser call; crops are sorted by width so a batch pads little
_BATCH = 16
#: widest strip of packed crops, and the paper left between two crops in a strip
_STRIP = 1280
_GAP = 24
_FILL = 0.0


@dataclass(frozen=True, slots=True)
class Glyph:
    """One recognised character: its text, probability and horizontal extent in the crop."""

    text: str
    prob: float
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Recognised:
    """A crop read as text, character by character."""

    glyphs: tuple[Glyph, ...]
    #: a character was read between this crop and a neighbour in its strip: which of the two
    #: it belongs to is not known, so neither is to be trusted
    straddled: bool = False

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def confidence(self) -> float:
        """The least sure character's probability (1.0 for nothing read; 0.0 when straddled)."""
        if self.straddled:
            return 0.0
        return min((g.prob for g in self.glyphs if not g.text.isspace()), default=1.0)


def _threads() -> int:
    return max(1, int(os.environ.get("NIANBAO_OCR_THREADS", "1")))


def _session(name: str):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = _threads()
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    path = files("rapidocr_onnxruntime") / "models" / name
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


@cache
def _recogniser():
    sess = _session("ch_PP-OCRv4_rec_infer.onnx")
    meta = sess.get_modelmeta().custom_metadata_map
    chars = ["blank", *meta["character"].splitlines(), " "]
    return sess, chars


def load() -> None:
    """Load the model now (a worker does it once, before its first page)."""
    _recogniser()


def _normalised(crop: np.ndarray) -> np.ndarray:
    """A BGR crop scaled to the recogniser's height, as floats in [-1, 1] (channels first)."""
    h, w = crop.shape[:2]
    width = max(1, math.ceil(_REC_HEIGHT * w / h))
    img = cv2.resize(crop, (width, _REC_HEIGHT)).astype(np.float32)
    return ((img / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)


def _strips(widths: list[int]) -> list[list[int]]:
    """Crops packed left to right into strips no wider than :data:`_STRIP`, narrowest first
    so that lone numbers share strips with lone numbers: a digit is read in the company of
    other digits (alone, or among words, a 0 reads as an o), and a page costs a few wide
    calls instead of hundreds of narrow ones."""
    strips: list[list[int]] = []
    used = _STRIP
    for i in sorted(range(len(widths)), key=lambda i: widths[i]):
        if used + widths[i] + _GAP > _STRIP:
            strips.append([])
            used = _GAP
        strips[-1].append(i)
        used += widths[i] + _GAP
    return strips


def recognise(crops: list[np.ndarray]) -> list[Recognised]:
    """Read each BGR crop (one line of text) character by character; glyph positions are in
    the crop's own pixels."""
    sess, chars = _recogniser()
    name = sess.get_inputs()[0].name
    normal = [_normalised(c) for c in crops]
    widths = [n.shape[2] for n in normal]
    strips = _strips(widths)
    out: list[list[Glyph]] = [[] for _ in crops]
    straddled: set[int] = set()
    strips.sort(key=lambda members: sum(widths[i] + _GAP for i in members))
    for start in range(0, len(strips), _BATCH):
        batch = strips[start : start + _BATCH]
        lengths = [_GAP + sum(widths[i] + _GAP for i in members) for members in batch]
        width = max(320, math.ceil(max(lengths) / _REC_STEP) * _REC_STEP)
        canvas = np.full((len(batch), 3, _REC_HEIGHT, width), _FILL, dtype=np.float32)
        spans: list[list[tuple[int, int, int]]] = []
        for b, members in enumerate(batch):
            x = _GAP
            placed = []
            for i in members:
                canvas[b, :, :, x : x + widths[i]] = normal[i]
                placed.append((i, x, x + widths[i]))
                x += widths[i] + _GAP
            spans.append(placed)
        probs = sess.run(None, {name: canvas})[0]
        step = width / probs.shape[1]
        for b, placed in enumerate(spans):
            for g in _decode(probs[b], chars, step).glyphs:
                centre = (g.x0 + g.x1) / 2
                k = min(range(len(placed)), key=lambda j: _outside(placed[j], centre))
                i, a, _ = placed[k]
                if _outside(placed[k], centre) > 0 and not g.text.isspace():
                    # read in the paper between two crops: it may be either's
                    straddled.update(p[0] for p in placed[max(0, k - 1) : k + 2])
                scale = crops[i].shape[0] / _REC_HEIGHT
                out[i].append(Glyph(g.text, g.prob, (g.x0 - a) * scale, (g.x1 - a) * scale))
    return [Recognised(tuple(g), i in straddled) for i, g in enumerate(out)]


def _outside(span: tuple[int, int, int], x: float) -> float:
    """How far ``x`` lies outside a crop's span in its strip (0 inside)."""
    return max(span[1] - x, x - span[2], 0.0)


def _decode(probs: np.ndarray, chars: list[str], step: float) -> Recognised:
    """CTC decoding that keeps each character's probability (the lowest over its run of steps)
    and its extent in crop pixels."""
    best = probs.argmax(axis=1)
    glyphs: list[Glyph] = []
    t = 0
    n = len(best)
    while t < n:
        k = int(best[t])
        end = t + 1
        while end < n and best[end] == k:
            end += 1
        if k != 0:
            p = float(probs[t:end, k].max())
            glyphs.append(Glyph(chars[k], p, t * step, end * step))
        t = end
    return Recognised(tuple(glyphs))
