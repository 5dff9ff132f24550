"""Demo participants: FICTIONAL people with plausible names, invented for the demo only.

Any resemblance to a real person is coincidental. Some are registered by two
organisations under different spellings of one name, with the same birth year, so
that blind matching links them (see docs/demo.md).
"""

from __future__ import annotations

from typing import NamedTuple


class DemoPerson(NamedTuple):
    """A fictional participant, identified in the demo by (organisation key, alias)."""

    organisation: str
    alias: str
    full_name: str
    birth_year: int | None
    gender: str
    sector: str
    proximity: int
    designated_affiliation: str | None = None


P = DemoPerson
PEOPLE: tuple[DemoPerson, ...] = (
    # Amani Bridges, Baringo-Turkana.
    P("amani", "AB-Heron", "Mohamed Ekai Lokure", 1968, "male", "traditional_leader", 1),
    P("amani", "AB-Acacia", "Grace Chepkoech Loyatum", 1979, "female", "women", 2),
    P("amani", "AB-Baobab", "Paul Lokomol Kitelo", 1961, "male", "traditional_leader", 2),
    P("amani", "AB-Ibis", "Hellen Nakuwa Ekiru", 1984, "female", "women", 2),
    P("amani", "AB-Kite", "Joseph Ewoi Nakali", 1996, "male", "youth", 3),
    P("amani", "AB-Marula", "Samuel Kiprop Chelagat", 1972, "male", "serving_official", 0),
    P("amani", "AB-Tamarind", "Thomas Pkiech Lorot", 1966, "male", "traditional_leader", 2),
    P("amani", "AB-Weaver", "Peter Lomuria Esekon", 1999, "male", "youth", 3),
    P("amani", "AB-Plover", "Daniel Ekiru Lopeyok", 2001, "male", "youth", 3),
    P("amani", "AB-Sunbird", "Brian Lokwawi Ekeno", 2000, "male", "youth", 3),
    P("amani", "AB-Hornbill", "Kevin Ekal Nangiro", 1998, "male", "youth", 3),
    # Amani Bridges, Northbank-Sahilia.
    P("amani", "AB-Cedar", "يوسف حداد", 1975, "male", "business", 2),
    P("amani", "AB-Olive", "Nadia Farouk", 1982, "female", "business", 2),
    P("amani", "AB-Fig", "Omar Khalil Saad", 1990, "male", "business", 3),
    P("amani", "AB-Palm", "Huda Rahman", 1987, "female", "women", 3),
    P("amani", "AB-Date", "Samir Aziz", 1970, "male", "business", 2),
    P("amani", "AB-Jasmine", "Amal Darwish", 1985, "female", "women", 3),
    P("amani", "AB-Lotus", "Zainab Hamdan", 1977, "female", "women", 2),
    P("amani", "AB-Reed", "Mariam Yousef", 1993, "female", "women", 3),
    # Kerio Dialogue Partners, Baringo-Turkana.
    P("kerio", "KDP-Gazelle", "Mohammed Ekaai Lokure", 1968, "male", "traditional_leader", 1),
    P("kerio", "KDP-Oryx", "Grace Chepkoech Loiyatum", 1979, "female", "women", 2),
    P("kerio", "KDP-Eland", "Paulo Lokomol Kitelo", 1961, "male", "traditional_leader", 2),
    P("kerio", "KDP-Kudu", "Simon Ekale Lotiir", 1974, "male", "business", 3),
    P("kerio", "KDP-Impala", "Stephen Kipkemboi Rotich", 1958, "male", "religious", 1),
    P("kerio", "KDP-Dikdik", "Titus Ereng Lokwang", 1963, "male", "traditional_leader", 2),
    P("kerio", "KDP-Hartebeest", "Moses Kitelakapel Sitot", 1969, "male", "traditional_leader",
      2),
    P("kerio", "KDP-Topi", "Ruth Nasieku Lekakeny", 1981, "female", "women", 2),
    P("kerio", "KDP-Bongo", "Mary Naserian Lesinko", 1990, "female", "women", 3),
    P("kerio", "KDP-Sitatunga", "Esther Cheptoo Lomerinyang", 1986, "female", "women", 3),
    P("kerio", "KDP-Zebra", "Richard Lokol Tukei", 1971, "male", "traditional_leader", 1),
    P("kerio", "KDP-Buffalo", "Benjamin Pkemoi Kaptich", 1994, "male", "youth", 3),
    P("kerio", "KDP-Giraffe", "Francis Loyatum Kamama", 1960, "male", "traditional_leader", 2),
    # Crossing Points Initiative, Northbank-Sahilia.
    P("crossing", "CPI-Atlas", "Yusuf Haddad", 1975, "male", "business", 2),
    P("crossing", "CPI-Borealis", "Layla Mansour", 1983, "female", "civil_society", 2),
    P("crossing", "CPI-Cygnus", "Karim Nassar", 1979, "male", "civil_society", 3),
    P("crossing", "CPI-Draco", "Salma Idris", 1976, "female", "former_official", 1),
    P("crossing", "CPI-Eridanus", "Tariq Bakri", 1980, "male", "other", 3,
      "Jabhat al Difa al Sharqiyya"),
    P("crossing", "CPI-Fornax", "Walid Haidar", 1959, "male", "former_official", 1),
    P("crossing", "CPI-Gemini", "Rania Saleh", 1988, "female", "civil_society", 2),
    P("crossing", "CPI-Hydra", "Faisal Qasim", 1965, "male", "religious", 3),
    P("crossing", "CPI-Indus", "Hassan Adel Mustafa", 1962, "male", "former_official", 1),
)  # fmt: skip
