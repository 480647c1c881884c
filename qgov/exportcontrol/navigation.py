from qgov.core.navigation import MenuItem

MENU = [
    MenuItem("Export control", "Items", "exportcontrol:item_list", "exportcontrol.view_item"),
    MenuItem(
        "Export control",
        "Transaction checks",
        "exportcontrol:check_list",
        "exportcontrol.view_transactioncheck",
    ),
    MenuItem("Export control", "Licences", "exportcontrol:licence_list", "exportcontrol.view_licence"),
    MenuItem("Export control", "743.8 reports", "exportcontrol:report_743_8", "exportcontrol.view_release"),
    MenuItem("Export control", "Rule packs", "exportcontrol:rulepacks", "exportcontrol.view_reviewtask"),
    MenuItem("Export control", "Review tasks", "exportcontrol:task_list", "exportcontrol.view_reviewtask"),
]
