"""Risk stratification: synthetic population, features, models, evaluation, registers."""
