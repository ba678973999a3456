;;; test-eglot.el --- Emacs 28 + Debian's elpa-eglot 1.9 as an LSP client of `authlint server'.
;; Batch mode: connect, start Flymake, read the diagnostic, run the quickfix code action, save.
;; Prints "DIAG message" and "PASS: ..." or "FAIL: ..." (exit 1).
;; Env: LSP_CMD (the server as one command line).  After shared/design/real-editors.md §4.
(require 'package)
(setq package-directory-list (list "/usr/share/emacs/site-lisp/elpa")) ; -Q skips Debian's site-start
(package-initialize)
(require 'eglot) (require 'flymake)
(setq eglot-sync-connect 10 eglot-connect-timeout 30)
(add-to-list 'eglot-server-programs `(sh-mode . ,(split-string (getenv "LSP_CMD"))))
(defun lsp-test--finish (ok msg)
  (princ (format "%s: %s\n" (if ok "PASS" "FAIL") msg))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if ok 0 1)))
(defun lsp-test--wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline)) (accept-process-output nil 0.05))
    (funcall pred)))
(let ((file (car command-line-args-left)))
  (setq command-line-args-left nil)
  (condition-case err
      (progn
        (find-file file) (sh-mode)
        ;; eglot-ensure waits for post-command-hook, which never runs in batch.
        (apply #'eglot (eglot--guess-contact))
        (unless (lsp-test--wait #'eglot-managed-p 30) (lsp-test--finish nil "no connect"))
        (flymake-start)
        (unless (lsp-test--wait (lambda () (flymake-diagnostics (point-min) (point-max))) 15)
          (lsp-test--finish nil "no diagnostics"))
        (let* ((d (car (flymake-diagnostics (point-min) (point-max))))
               (beg (flymake-diagnostic-beg d))
               (before (buffer-string)))
          (princ (format "DIAG %s\n" (flymake-diagnostic-text d)))
          (goto-char beg)
          ;; Several quick fixes (the fix, "Ignore AL…", "Show documentation…") make eglot 1.9 ask
          ;; with completing-read, which fails in batch mode: answer with its default, the
          ;; preferred action (the fix).
          (advice-add 'completing-read :override
                      (lambda (_p _c &optional _pr _rm _ii _h def &rest _) def))
          ;; In batch mode `last-nonmenu-event' is nil, a list, so eglot 1.9 asks with
          ;; x-popup-menu instead: answer with the preferred action too.
          (advice-add 'x-popup-menu :override
                      (lambda (_position menu)
                        (let ((items (cdr (cadr menu))))
                          (cdr (or (seq-find (lambda (item) (plist-get (cdr item) :isPreferred))
                                             items)
                                   (car items))))))
          ;; eglot 1.9's eglot-code-action-quickfix does not pass INTERACTIVE, so it applies nothing.
          (eglot-code-actions beg (flymake-diagnostic-end d) "quickfix" t)
          (when (equal before (buffer-string)) (lsp-test--finish nil "code action not applied"))
          (save-buffer)
          (lsp-test--finish t "diagnostic seen, quick fix applied, file written")))
    (error (lsp-test--finish nil (format "lisp error: %S" err)))))
