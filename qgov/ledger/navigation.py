from qgov.core.navigation import MenuItem

MENU = [
    MenuItem("Ledger", "Decisions", "ledger:entry_list", "ledger.view_ledgerentry"),
    MenuItem("Ledger", "Checkpoints", "ledger:checkpoint_list", "ledger.view_checkpoint"),
    MenuItem("Ledger", "Verification", "ledger:verify", "ledger.verify_ledger"),
]
