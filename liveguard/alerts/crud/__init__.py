"""Plain functions over the database, shared by the JSON API and the web pages.

Who-may-see-what (``merchant_scope``) is applied here, so the two front ends cannot disagree.
"""
