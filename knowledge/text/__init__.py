"""Language tools: normal forms and scripts (OpenCC, NFKC), tokens (jieba on a shared trie), pinyin, YAML."""
