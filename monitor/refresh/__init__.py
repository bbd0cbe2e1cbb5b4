"""The refresh: checks, tables, competence, changes and feed, and the pipeline that runs them."""
