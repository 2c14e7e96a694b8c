#ifndef CCURL_H
#define CCURL_H
/* libcurl for Swift: curl.h plus typed, non-variadic wrappers around
 * curl_easy_setopt / curl_easy_getinfo, which Swift cannot call (variadic). */
#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*ccurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ccurl_debug_cb)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
/* NULL resets the option to its default; libcurl copies the string. */
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/* CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION, CURLOPT_READFUNCTION */
CURLcode ccurl_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_cb callback);
/* CURLOPT_DEBUGFUNCTION */
CURLcode ccurl_setopt_debug_callback(CURL *handle, ccurl_debug_cb callback);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value);

#endif
