"""Importing existing documents: readers and the minutes parser."""
