"""Patterns of the area and organisation codes found in the real extracts."""

GSS_CODE = r"^[EWSN]\d{8}$"  # any ONS GSS code (England, Wales, Scotland, Northern Ireland)
LSOA_CODE = r"^E01\d{6}$"
MSOA_CODE = r"^E02\d{6}$"
WARD_CODE = r"^E05\d{6}$"
LAD_CODE = r"^E0[6-9]\d{6}$"
UTLA_CODE = r"^E(06|08|09|10|11)\d{6}$"
REGION_CODE = r"^E12\d{6}$"
SUB_ICB_CODE = r"^E38\d{6}$"
ICB_CODE = r"^E54\d{6}$"
PRACTICE_CODE = r"^[A-Z]\d{5}$"  # ODS GP practice, e.g. P82001
PCN_CODE = r"^U(\d{5})?$"  # ODS PCN, e.g. U12345; "U" alone is QOF's "Unallocated"
# Fingertips area codes: GSS codes (E92000001), Fingertips' "n"-prefixed pseudo codes
# (nE54000029), ODS practice and PCN codes (P82001, U12345) and ONS area-classification clusters
# (Cl_L2_1ar), all of which occur in the real bulk files.
FINGERTIPS_AREA_CODE = r"^(n?[EWSNK]\d{8}|[A-Z]\d{5}|Cl_L\d_[0-9a-z]+)$"
