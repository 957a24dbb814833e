{
  "targets": [
    {
      "target_name": "keywords",
      "sources": ["keywords.c", "lines.c", "hunks.c"],
      "cflags": ["-O2"],
      "libraries": ["-lhs"]
    }
  ]
}
