"""Ready to Ask: shared domain code and the public gateway."""
