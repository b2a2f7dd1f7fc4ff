"""Assembles the web application from the capabilities' routers; holds templates and static files."""
