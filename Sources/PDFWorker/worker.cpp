// offerbox-pdf-worker: the text of PDFs, one after the other, over a pipe (issue 11).
//
// The daemon starts one or two of these and keeps them: a PDF costs poppler's work, not a process
// start. Poppler runs here, never in the daemon's process, so a parser bug reaches this process
// only. Before reading anything the worker confines itself: an address-space limit, no core
// dumps, no descriptor but standard input and output (and error), and a seccomp filter that
// refuses sockets, exec and fork. The daemon enforces the time budget of each document (it kills
// and restarts a worker that overruns) and restarts one that dies.
//
// Protocol (big-endian 32-bit integers):
//   request:  length N (at most 64 MiB), maximum pages P, then N bytes of PDF
//   response: status (1 byte: 0 text, 1 locked, 2 unreadable), length M, then M bytes of UTF-8
// The worker ends at the end of its input.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

constexpr uint32_t maximumInput = 64u << 20;
constexpr size_t maximumOutput = 8u << 20;

bool readAll(int fd, void *buffer, size_t count) {
    auto *bytes = static_cast<char *>(buffer);
    while (count > 0) {
        ssize_t got = read(fd, bytes, count);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        bytes += got;
        count -= static_cast<size_t>(got);
    }
    return true;
}

bool writeAll(int fd, const void *buffer, size_t count) {
    const auto *bytes = static_cast<const char *>(buffer);
    while (count > 0) {
        ssize_t put = write(fd, bytes, count);
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0) return false;
        bytes += put;
        count -= static_cast<size_t>(put);
    }
    return true;
}

uint32_t bigEndian(const unsigned char *bytes) {
    return (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) | (uint32_t(bytes[2]) << 8) | uint32_t(bytes[3]);
}

bool respond(unsigned char status, const std::string &text) {
    size_t length = text.size() > maximumOutput ? maximumOutput : text.size();
    unsigned char header[5] = {status, static_cast<unsigned char>(length >> 24), static_cast<unsigned char>(length >> 16),
                               static_cast<unsigned char>(length >> 8), static_cast<unsigned char>(length)};
    return writeAll(STDOUT_FILENO, header, sizeof header) && writeAll(STDOUT_FILENO, text.data(), length);
}

// Refuses (EPERM) the system calls a text extractor never needs and an exploit would: the network,
// running or forking programs, tracing. Anything else is allowed (poppler reads its data files).
bool installSeccomp() {
#if defined(__x86_64__)
    constexpr uint32_t arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
    constexpr uint32_t arch = AUDIT_ARCH_AARCH64;
#else
    return false;
#endif
    const int denied[] = {
        SYS_socket, SYS_socketpair, SYS_connect, SYS_bind, SYS_listen, SYS_accept, SYS_accept4, SYS_sendto, SYS_sendmsg,
        SYS_execve, SYS_execveat, SYS_ptrace, SYS_process_vm_writev,
#ifdef SYS_fork
        SYS_fork,
#endif
#ifdef SYS_vfork
        SYS_vfork,
#endif
    };
    std::vector<sock_filter> program;
    program.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0));
    program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    program.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
    for (int call : denied) {
        program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(call), 0, 1));
        program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)));
    }
    program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    sock_fprog filter = {static_cast<unsigned short>(program.size()), program.data()};
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) == 0;
}

bool confine(rlim_t memoryBytes) {
    rlimit memory = {memoryBytes, memoryBytes};
    rlimit none = {0, 0};
    if (setrlimit(RLIMIT_AS, &memory) != 0 || setrlimit(RLIMIT_CORE, &none) != 0) return false;
    // No descriptor but the pipes (and standard error, for poppler's own complaints, sent nowhere below).
    if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0) {
        for (int fd = 3; fd < 1024; fd++) close(fd);
    }
    return installSeccomp();
}

void quiet(const std::string &, void *) {}

// poppler-cpp builds its global state (encodings, font directories scanned) when the first document
// opens and tears it down when the last one closes: a third of the worker's time went there, once
// per PDF. One small document kept open for the worker's life keeps that state built once.
std::unique_ptr<poppler::document> keepGlobalStateBuilt() {
    // poppler reads the bytes where they are, for as long as the document lives: a static.
    static const std::string pdf = [] {
        const char *objects[] = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        };
        std::string bytes = "%PDF-1.4\n";
        std::string xref = "xref\n0 4\n0000000000 65535 f \n";
        for (size_t index = 0; index < 3; index++) {
            char entry[21];
            std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", bytes.size());
            xref += entry;
            bytes += std::to_string(index + 1) + " 0 obj\n" + objects[index] + "\nendobj\n";
        }
        std::string start = std::to_string(bytes.size());
        return bytes + xref + "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + start + "\n%%EOF\n";
    }();
    return std::unique_ptr<poppler::document>(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
}

std::string text(const std::vector<char> &pdf, uint32_t maximumPages, unsigned char &status) {
    std::unique_ptr<poppler::document> document(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    if (!document) {
        status = 2;
        return {};
    }
    if (document->is_locked()) {
        status = 1;
        return {};
    }
    std::string result;
    int pages = document->pages();
    if (maximumPages > 0 && static_cast<uint32_t>(pages) > maximumPages) pages = static_cast<int>(maximumPages);
    for (int index = 0; index < pages && result.size() < maximumOutput; index++) {
        std::unique_ptr<poppler::page> page(document->create_page(index));
        if (!page) continue;
        // The layout pdftotext uses by default (reading order), so the classifier reads the same text.
        poppler::byte_array bytes = page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
        result.append(bytes.begin(), bytes.end());
        result.push_back('\f');
    }
    status = 0;
    return result;
}

}  // namespace

int main(int argc, char **argv) {
    rlim_t memory = 256u << 20;
    bool selfTest = false;
    for (int index = 1; index < argc; index++) {
        std::string argument = argv[index];
        if (argument.rfind("--memory=", 0) == 0) memory = std::strtoull(argument.c_str() + 9, nullptr, 10);
        if (argument == "--self-test-sandbox") selfTest = true;
    }
    if (!confine(memory)) {
        std::fprintf(stderr, "offerbox-pdf-worker: cannot confine itself (%s)\n", std::strerror(errno));
        return 70;
    }
    if (selfTest) {
        // What the tests check: the network is refused from here on.
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        std::printf("socket: %s\n", fd < 0 && errno == EPERM ? "refused" : "ALLOWED");
        return fd < 0 ? 0 : 1;
    }
    poppler::set_debug_error_function(quiet, nullptr);
    std::unique_ptr<poppler::document> keeper = keepGlobalStateBuilt();
    if (!keeper) {
        std::fprintf(stderr, "offerbox-pdf-worker: poppler cannot open its own one-page PDF\n");
        return 70;
    }
    std::vector<char> pdf;
    unsigned char header[8];
    while (readAll(STDIN_FILENO, header, sizeof header)) {
        uint32_t length = bigEndian(header), pages = bigEndian(header + 4);
        if (length > maximumInput) return 65;
        pdf.resize(length);
        if (length > 0 && !readAll(STDIN_FILENO, pdf.data(), length)) return 66;
        unsigned char status = 2;
        std::string result = text(pdf, pages, status);
        if (!respond(status, result)) return 74;
    }
    return 0;
}
