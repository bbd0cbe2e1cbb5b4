"""The store: the one owner of the data directory's layout (layout: light; tables: pandas; snapshot: light)."""
