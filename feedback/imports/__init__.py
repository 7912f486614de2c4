"""Importing responses from spreadsheets: read, map, validate, analyse and store once."""
