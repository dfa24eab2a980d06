"""Adapters for frameworks (Django); each imported only by the application that uses it."""
