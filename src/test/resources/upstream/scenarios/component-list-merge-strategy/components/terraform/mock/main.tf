# Mock terraform component for testing.
