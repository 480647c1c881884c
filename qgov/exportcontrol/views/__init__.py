"""Export-control pages: items and their classification, licences, transaction checks, reports, reviews.

Views never change state themselves: each form hands validated data to a service in
qgov.exportcontrol.services, and a service's ValidationError is shown next to the field it names.
"""
