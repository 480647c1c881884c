"""What the registry announces, so other domains (screening) react without parties importing them.

``party_saved`` is sent inside the service's transaction after a party was created or changed, with
``party``, ``created`` and ``actor``: a receiver's writes commit or roll back with the change.
"""

from django.dispatch import Signal

party_saved = Signal()
