"""The operations that change the export-control register, each in one transaction.

Views, API views, the CLI and the demo call these; none of them changes state itself. Decisions (a
classification confirmed or overridden, a transaction checked or decided, a licence recorded, a
review closed, a release ended) are written to the ledger in the transaction that makes them.
"""
