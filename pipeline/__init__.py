"""plan-report: reads a school parliament's activity plan and reports on its completion."""
