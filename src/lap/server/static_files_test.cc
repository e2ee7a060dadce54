#include "lap/server/static_files.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace lap::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("lap_static_test_" + std::to_string(getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "www" / "css");
    write(base_ / "www" / "index.html", "<h1>LAP</h1>");
    write(base_ / "www" / "css" / "site.css", "body{}");
    write(base_ / "www" / ".env", "secret");
    write(base_ / "secret.txt", "outside");
    fs::create_symlink(base_ / "secret.txt", base_ / "www" / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

  Response get(const std::string& path) const {
    StaticFiles files(base_ / "www");
    Request r;
    r.method = "GET";
    r.path = path;
    return files.serve(r);
  }

  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  auto index = get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<h1>LAP</h1>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  ASSERT_FALSE(index.headers.empty());
  EXPECT_EQ(index.headers[0].first, "last-modified");
  EXPECT_TRUE(index.headers[0].second.ends_with(" GMT"));
  auto css = get("/css/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/css/").status, 404);  // no index.html there
  EXPECT_EQ(get("/missing.js").status, 404);
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  for (const char* path : {"/../secret.txt", "/css/../../secret.txt", "/%2e%2e/secret.txt",
                           "/css/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt",
                           "/css/..%2F..%2Fsecret.txt", "/./index.html", "/.env", "//etc/passwd",
                           "/%00", "/link.txt", "/css//site.css"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.body, "outside") << path;
    EXPECT_NE(r.body, "secret") << path;
  }
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(content_type_for("a/app.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("logo.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("data.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace lap::server
