"""Scheduled exports on the operating system's scheduler, their delivery, and the runs."""
