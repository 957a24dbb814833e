{
  "targets": [
    {
      "target_name": "keywords",
      "sources": ["keywords.c"],
      "cflags": ["-O2"],
      "libraries": ["-lhs"]
    }
  ]
}
