"""Capture: activities, feedback cards, kiosk surveys, and the analysis run when they are saved."""
