"""The synthetic OMOP population: people, yearly events, the known true risk, planted defects, files."""
