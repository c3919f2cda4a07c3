"""A scanned page as the recogniser wants it: the red seal taken out, turned level, faint
print darkened — and an ink mask for finding rulings and text.

The seal (公章) is printed in red over the signature and often over the last table's digits.
Seen through the red channel alone, red is as bright as the paper while black print stays
black, so the seal vanishes without a guess about where it is.
"""

from __future__ import annotations

import cv2
import numpy as np

#: skew searched, in degrees either way; scans are rarely turned further
MAX_SKEW = 3.0


def without_seal(bgr: np.ndarray) -> np.ndarray:
    """Grey page with the red seal taken out. Outside the seal, the red channel (red ink is
    as bright there as paper). Under and around it, ink on paper multiplies: what the seal
    covers shows through darkened by the seal's own red level, so dividing by that level
    (the median red of clearly red pixels) gives back the print beneath — a grey ruling or a
    faint digit under the seal stays print, the seal on bare paper becomes paper."""
    b, g, r = (bgr[:, :, i].astype(np.int16) for i in range(3))
    gray = bgr[:, :, 2].copy()
    redness = r - np.maximum(g, b)
    strong = redness > 60
    if not strong.any():
        return gray
    level = float(np.median(r[strong]))
    near = cv2.dilate((redness > 25).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    beneath = np.clip(r.astype(np.float32) * (255.0 / max(level, 1.0)), 0, 255).astype(np.uint8)
    gray[near] = beneath[near]
    return gray


def even_contrast(gray: np.ndarray) -> np.ndarray:
    """Stretch the page so paper is white and the darkest print black: faint print (a light
    photocopy) gets the contrast the recogniser was trained on."""
    lo, hi = np.percentile(gray, (0.5, 60))
    if hi - lo < 10:
        return gray
    out = (gray.astype(np.float32) - lo) * (255.0 / (hi - lo))
    return np.clip(out, 0, 255).astype(np.uint8)


def ink(gray: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink) by a local threshold, so shading and faint print both count."""
    block = max(15, (gray.shape[1] // 60) | 1)
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 20
    )


def skew_angle(mask: np.ndarray) -> float:
    """The page's skew in degrees: the turn that makes its rows of ink (text lines, rulings)
    most sharply horizontal, i.e. maximises the variance of the row profile."""
    scale = 800 / max(mask.shape[:2])
    small = cv2.resize(mask, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=sharpness)
    fine = np.arange(best - 0.2, best + 0.2 + 1e-9, 0.05)
    return float(max(fine, key=sharpness))


def level(gray: np.ndarray, angle: float) -> np.ndarray:
    """Turn the page by ``angle`` degrees about its centre, filling with paper."""
    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(
        gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def prepared(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """A scanned page → (clean grey page, its ink mask, the skew it had in degrees)."""
    # no median filter: at 150–200 dpi it eats the thin strokes of a 0 (read then as an o);
    # speckle is dropped by size when print is found (see ``lines.text_pieces``)
    gray = even_contrast(without_seal(bgr))
    angle = skew_angle(ink(gray))
    gray = level(gray, angle)
    return gray, ink(gray), angle
