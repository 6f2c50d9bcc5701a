"""Importing meeting minutes: the minutes parser and saving what it read.

Uploads are read into text by okportal.documents, shared with the other importers.
"""
