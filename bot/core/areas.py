"""US states and territories that the BLS publishes wage estimates for, by postal code."""

from __future__ import annotations

from types import MappingProxyType

from bot.core.normalize import normalize

AREAS = MappingProxyType(
    {
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
        "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
        "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
        "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
        "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
        "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
        "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
        "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
        "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
        "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
        "GU": "Guam", "PR": "Puerto Rico", "VI": "Virgin Islands",
    }
)

# Normalised full names (and a few common short forms) -> code.
_BY_NAME = {normalize(name): code for code, name in AREAS.items()}
_BY_NAME.update({"washington dc": "DC", "cali": "CA", "socal": "CA", "norcal": "CA",
                 "us virgin island": "VI"})
AREA_BY_NAME = MappingProxyType(_BY_NAME)


def area_by_name(text: str) -> str | None:
    """A code for a typed state name or postal code ("Texas", "tx", "New York"), else None."""
    stripped = text.strip()
    if len(stripped) == 2 and stripped.upper() in AREAS:
        return stripped.upper()
    return _BY_NAME.get(normalize(stripped))
