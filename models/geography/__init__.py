"""Area geometry for maps: place shapes from boundaries and the locality hierarchy."""
