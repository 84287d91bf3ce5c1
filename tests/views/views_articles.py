"""Short articles written for the view tests (our own words), and one hostile JSONL item."""

ARTICLES = {
    "astana.txt": (
        "Aliyev and Tokayev meet in Astana\n"
        "date: 2025-03-12\n\n"
        "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 11 March 2025. "
        "The two presidents signed a declaration on strategic partnership in Astana on 11 March 2025.\n"
    ),
    "beijing.txt": (
        "Aliyev in Beijing\n"
        "date: 2025-04-24\n\n"
        "President Ilham Aliyev held talks with Chinese President Xi Jinping in Beijing on 23 April 2025. "
        "Azerbaijan and China signed a joint statement on a comprehensive strategic partnership in Beijing "
        "on 23 April 2025.\n"
    ),
    "washington.txt": (
        "Peace talks at the White House\n"
        "date: 2025-08-09\n\n"
        "Donald Trump hosted Ilham Aliyev and Nikol Pashinyan in Washington on 8 August 2025.\n"
    ),
    "copenhagen.txt": (
        "European leaders in Copenhagen\n"
        "date: 2025-10-03\n\n"
        "President Ilham Aliyev attended the summit of the European Political Community in Copenhagen "
        "on 2 October 2025.\n"
    ),
    "gabala.txt": (
        "Turkic summit in Gabala\n"
        "date: 2025-10-08\n\n"
        "Ilham Aliyev hosted Recep Tayyip Erdogan and Kassym-Jomart Tokayev at a summit of the "
        "Organization of Turkic States in Gabala on 7 October 2025.\n"
    ),
    "call.txt": (
        "Putin calls Aliyev\n"
        "date: 2024-12-29\n\n"
        "Vladimir Putin held a telephone conversation with Ilham Aliyev on 28 December 2024.\n"
    ),
}
# Markup in a title, a sentence and a URL: the views must show it as text and link nowhere.
HOSTILE = {
    "doc_id": "hostile-item", "title": "Dushanbe talks <script>window.__xss = 1</script>",
    "url": "javascript:window.__xss=2", "source": "<b>Wire</b>", "published": "2025-10-10",
    "text": ("Aliyev met Vladimir Putin in Dushanbe on 9 October 2025, "
             "and the readout said </script><img src=x onerror=\"window.__xss=3\"> nothing more."),
}
FOCAL = "AZE"
