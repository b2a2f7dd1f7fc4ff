"""Notifications delivered to agencies and users."""
