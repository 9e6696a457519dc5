"""The real area codes and names the synthetic demo extracts are built on (no real values)."""

from __future__ import annotations

from dataclasses import dataclass

ENGLAND = ("E92000001", "England")
REGIONS = {"E12000005": "West Midlands", "E12000006": "East of England"}
# ICB (ONS, ODS, name) and its 2022 sub-ICB location (ONS, ODS, name).
# fmt: off
ICBS = {
    "QUA": ("E54000062", "NHS Black Country Integrated Care Board", "E38000259", "D2P2L", "NHS Black Country ICB - D2P2L"),
    "QHL": ("E54000055", "NHS Birmingham and Solihull Integrated Care Board", "E38000258", "15E", "NHS Birmingham and Solihull ICB - 15E"),
    "QWU": ("E54000018", "NHS Coventry and Warwickshire Integrated Care Board", "E38000251", "B2M3M", "NHS Coventry and Warwickshire ICB - B2M3M"),
    "QH8": ("E54000026", "NHS Mid and South Essex Integrated Care Board", "E38000168", "99G", "NHS Mid and South Essex ICB - 99G"),
}
# fmt: on


@dataclass(frozen=True)
class Place:
    """A local authority with its region, ICB, mid-2020 population and deprivation profile."""

    code: str
    name: str
    region: str
    icb: str
    population: int
    mean_decile: float  # centre of its LSOAs' synthetic IMD deciles
    practice_prefix: str


# fmt: off
PLACES = (
    Place("E08000028", "Sandwell", "E12000005", "QUA", 329042, 2.6, "M88"),
    Place("E08000025", "Birmingham", "E12000005", "QHL", 1140525, 3.0, "M85"),
    Place("E08000029", "Solihull", "E12000005", "QHL", 217487, 6.8, "M91"),
    Place("E06000033", "Southend-on-Sea", "E12000006", "QH8", 182773, 5.2, "F81"),
    Place("E08000027", "Dudley", "E12000005", "QUA", 322363, 5.0, "M87"),
    Place("E08000030", "Walsall", "E12000005", "QUA", 286716, 3.6, "M92"),
    Place("E08000031", "Wolverhampton", "E12000005", "QUA", 264407, 3.2, "M93"),
    Place("E08000026", "Coventry", "E12000005", "QWU", 371521, 4.2, "M86"),
)
# fmt: on

# Ward (2019) code, name and two of its LSOA (2011) codes with names, per place.
# fmt: off
SANDWELL_WARDS = (
    ("E05001260", "Abbey", "E01009921", "Sandwell 034A", "E01009922", "Sandwell 034B"),
    ("E05001261", "Blackheath", "E01009929", "Sandwell 033A", "E01009930", "Sandwell 033B"),
    ("E05001262", "Bristnall", "E01009937", "Sandwell 032A", "E01009938", "Sandwell 031A"),
    ("E05001263", "Charlemont with Grove Vale", "E01009946", "Sandwell 039A", "E01009948", "Sandwell 039B"),
    ("E05001264", "Cradley Heath and Old Hill", "E01009952", "Sandwell 035B", "E01009953", "Sandwell 038A"),
    ("E05001265", "Friar Park", "E01009960", "Sandwell 003A", "E01009961", "Sandwell 003B"),
    ("E05001266", "Great Barr with Yew Tree", "E01009969", "Sandwell 002A", "E01009970", "Sandwell 002B"),
    ("E05001267", "Great Bridge", "E01009976", "Sandwell 016A", "E01009977", "Sandwell 016B"),
    ("E05001268", "Greets Green and Lyng", "E01009981", "Sandwell 018A", "E01009985", "Sandwell 018C"),
    ("E05001269", "Hateley Heath", "E01009991", "Sandwell 010A", "E01009992", "Sandwell 017B"),
    ("E05001270", "Langley", "E01009934", "Sandwell 027A", "E01009935", "Sandwell 027B"),
    ("E05001271", "Newton", "E01010007", "Sandwell 012A", "E01010008", "Sandwell 011A"),
    ("E05001272", "Old Warley", "E01010022", "Sandwell 037B", "E01010023", "Sandwell 037C"),
    ("E05001273", "Oldbury", "E01010015", "Sandwell 021A", "E01010016", "Sandwell 021B"),
    ("E05001274", "Princes End", "E01010029", "Sandwell 009C", "E01010030", "Sandwell 007A"),
    ("E05001275", "Rowley", "E01010038", "Sandwell 029A", "E01010039", "Sandwell 025A"),
    ("E05001276", "St Pauls", "E01010019", "Sandwell 024B", "E01010020", "Sandwell 024C"),
    ("E05001277", "Smethwick", "E01009943", "Sandwell 031B", "E01009944", "Sandwell 031C"),
    ("E05001278", "Soho and Victoria", "E01010057", "Sandwell 028D", "E01010059", "Sandwell 026A"),
    ("E05001279", "Tipton Green", "E01010066", "Sandwell 015A", "E01010067", "Sandwell 015B"),
    ("E05001280", "Tividale", "E01010077", "Sandwell 022A", "E01010078", "Sandwell 025D"),
    ("E05001281", "Wednesbury North", "E01010085", "Sandwell 001A", "E01010086", "Sandwell 001B"),
    ("E05001282", "Wednesbury South", "E01010093", "Sandwell 013A", "E01010094", "Sandwell 013B"),
    ("E05001283", "West Bromwich Central", "E01009947", "Sandwell 017A", "E01010101", "Sandwell 020B"),
)
OTHER_WARDS = {
    "E08000025": (
        ("E05011186", "Yardley West & Stechford", "E01008881", "Birmingham 067A", "E01008896", "Birmingham 066B"),
        ("E05011182", "Tyseley & Hay Mills", "E01008882", "Birmingham 066A", "E01008883", "Birmingham 078A"),
    ),
    "E08000029": (
        ("E05001284", "Bickenhill", "E01010108", "Solihull 017A", "E01010109", "Solihull 009A"),
        ("E05001289", "Elmdon", "E01010115", "Solihull 015A", "E01010116", "Solihull 015B"),
    ),
    "E06000033": (
        ("E05002212", "Belfairs", "E01015814", "Southend-on-Sea 003A", "E01015815", "Southend-on-Sea 003B"),
        ("E05002213", "Blenheim Park", "E01015820", "Southend-on-Sea 005A", "E01015821", "Southend-on-Sea 005B"),
    ),
    "E08000027": (
        ("E05001249", "Lye and Stourbridge North", "E01009719", "Dudley 027A", "E01009722", "Dudley 027B"),
        ("E05001236", "Amblecote", "E01009720", "Dudley 028A", "E01009721", "Dudley 031A"),
    ),
    "E08000030": (
        ("E05001301", "Aldridge Central and South", "E01010241", "Walsall 015A", "E01010242", "Walsall 015B"),
        ("E05001302", "Aldridge North and Walsall Wood", "E01010249", "Walsall 004A", "E01010250", "Walsall 004B"),
    ),
    "E08000031": (
        ("E05001321", "Bilston East", "E01010410", "Wolverhampton 033A", "E01010411", "Wolverhampton 033B"),
        ("E05001322", "Bilston North", "E01010417", "Wolverhampton 023A", "E01010418", "Wolverhampton 022A"),
    ),
    "E08000026": (
        ("E05001218", "Bablake", "E01009522", "Coventry 014A", "E01009523", "Coventry 010A"),
        ("E05001219", "Binley and Willenhall", "E01009532", "Coventry 033A", "E01009535", "Coventry 033B"),
    ),
}
# fmt: on
# Two Welsh rows, as in the real England-and-Wales lookups (the readers reject them).
WELSH_LSOAS = (
    ("W01001690", "Cardiff 032A", "W05000869", "Adamsdown", "W06000015", "Cardiff"),
    ("W01001691", "Cardiff 032B", "W05000869", "Adamsdown", "W06000015", "Cardiff"),
)


def wards_of(place: Place) -> tuple[tuple[str, ...], ...]:
    """The demo wards (with two LSOAs each) of a place."""
    return SANDWELL_WARDS if place.code == "E08000028" else OTHER_WARDS[place.code]


def lsoas() -> list[tuple[Place, str, str, str, str]]:
    """(place, ward code, ward name, LSOA code, LSOA name) for every demo LSOA."""
    rows = []
    for place in PLACES:
        for ward_code, ward_name, code_a, name_a, code_b, name_b in wards_of(place):
            rows.append((place, ward_code, ward_name, code_a, name_a))
            rows.append((place, ward_code, ward_name, code_b, name_b))
    return rows
