"""The code both offer generators build their messages with (Python 3 standard library only).

    testing/gen-offer-fixtures   the labeled offers of fixtures/offers/ (real documents, few)
    bench/gen-offer-corpus       the benchmark corpus (files of realistic size, many)

Modules: `content` (the texts of the call's documents, the applicants, the Secretariat's address)
and `formats` (PDF, DOCX, XLSX, ODT, ODS, RTF, zip, TNEF, JPEG and PNG written by hand, and their
MIME types). A generator imports them with scripts/lib on sys.path:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    from offer_fixtures import content as C, formats as F
"""

import os

# Seed of every generator's randomness: the call's deadline, 27 June 2022. The same seed always
# gives the same bytes.
SEED = 20220627


def clear_directory(directory, is_output):
    """Makes DIRECTORY when missing and removes the files of an earlier run: those whose names
    is_output(name) accepts. Other files are left alone."""
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if is_output(name):
            os.remove(os.path.join(directory, name))
