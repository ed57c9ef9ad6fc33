"""What talks to the operating system: key store, start at login, one instance per user.

Each concern is a package (or a module, while it has one implementation) with its interface
beside its back-ends and a factory that picks the one for this system.
"""
