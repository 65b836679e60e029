"""Views of plans, proposals and advices, one module per area."""
