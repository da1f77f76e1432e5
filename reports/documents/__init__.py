"""Party documents as PDF (DESIGN.md §8): rendered by WeasyPrint from the
templates under templates/reports/pdf/, in the serif shipped in static/fonts/
and embedded in every file. Only the Celery task calls these."""
