"""Neighbourhood profiles: definitions, small-area indicators, aggregation, comparisons, spine."""
