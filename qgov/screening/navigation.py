from qgov.core.navigation import MenuItem

MENU = [
    MenuItem("Screening", "Alerts", "screening:alert_list", "screening.view_alert"),
    MenuItem("Screening", "Lists", "screening:version_list", "screening.view_listversion"),
    MenuItem("Screening", "Re-screening", "screening:run_list", "screening.view_screeningrun"),
    MenuItem("Screening", "Bulk screening", "screening:bulk_list", "screening.view_bulkscreeningjob"),
]
