"""Code generation: Triton source for lowered programs, and loading generated files back."""
