"""Reports: review filters, the overview, the participation statement, you said we did, exports."""
