"""The bundled demo extracts, synthetic but in the published files' layouts (`placehealth demo-data`)."""
