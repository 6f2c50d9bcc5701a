"""The app's views, split by feature; the business rules live in registration.py and groups.py."""
