"""The record of who changed what (see README.md in this folder)."""
