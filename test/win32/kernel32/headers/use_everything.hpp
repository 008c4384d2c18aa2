// Uses the annotation macros and the standard library together (included after <windows.h> and
// the standard headers, in either order).
// Annotated the way Windows code annotates, after or before the standard headers: the legacy
// names are macros, and the standard headers still compile.
static int annotated(__in int a, __out int* b, __inout int* c, IN int d, OUT int* e OPTIONAL,
                     __reserved int f, _In_reads_bytes_(4) const void* g) {
  (void)g;
  *b = a;
  *c += d + f;
  *e = 0;
  return 0;
}

inline int use_everything() {
  int b = 0;
  int c = 1;
  int e = 1;
  std::string s = "x";
  std::tuple<int, std::string> t{1, s};
  std::vector<int> v{3, 1, 2};
  std::sort(v.begin(), v.end());
  std::regex r("x");
  std::ostringstream out;
  out << std::get<1>(t) << v.front() << std::regex_match(s, r);
  std::thread([] {}).join();
  LONG counter = 0;
  InterlockedIncrement(&counter);
  return annotated(1, &b, &c, 2, &e, 3, "abcd") + (out.str() == "x11" ? 0 : 1) +
         static_cast<int>(counter) - 1 + 0;
}
