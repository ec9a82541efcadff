"""Data layer: the billing schema, database connections and the demo data generator."""
