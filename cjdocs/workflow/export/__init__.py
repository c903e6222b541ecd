"""Exports of the resolved model: JSON, Mermaid journeys, plain Markdown pages."""
