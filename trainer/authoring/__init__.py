"""Tools for trainers who write scenarios: lint, graph, schema, scaffold, scenario tests, exploration."""
