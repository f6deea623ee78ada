"""The domain: models, services and rules. Imports no Qt."""
