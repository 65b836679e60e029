"""Views of the calendar and meetings, one module per area: activities, meetings, feeds."""
