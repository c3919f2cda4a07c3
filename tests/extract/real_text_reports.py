"""The real text reports in ../shared that the perturbation suites re-print (folder, file)."""

TEXT_REPORTS = [
    ("samples", "000_3a76839b33e1ea7f.txt"),
    ("samples", "001_4c0c190e26175d40.txt"),
    ("samples", "002_1c8e325bb41e745e.txt"),
    ("samples", "003_74be42d8da5a3ee7.txt"),
    ("samples", "004_d6809da3688135dc.txt"),
    ("devset", "004_pingtan_2022.txt"),
    ("devset", "012_shanghai_govoffice_2025.md"),
]
