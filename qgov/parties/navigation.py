from qgov.core.navigation import MenuItem

MENU = [
    MenuItem("Registry", "Parties", "parties:party_list", "parties.view_party"),
    MenuItem("Registry", "Import parties", "parties:party_import", "parties.import_parties"),
]
