# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'approvals_view.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem, QSplitter, QStackedWidget, QTableView, QTextBrowser, QVBoxLayout, QWidget

class Ui_ApprovalsView(object):
    def setupUi(self, ApprovalsView):
        if not ApprovalsView.objectName():
            ApprovalsView.setObjectName(u"ApprovalsView")
        ApprovalsView.resize(1280, 760)
        self.mainLayout = QVBoxLayout(ApprovalsView)
        self.mainLayout.setObjectName(u"mainLayout")
        self.topLayout = QHBoxLayout()
        self.topLayout.setObjectName(u"topLayout")
        self.queueCountLabel = QLabel(ApprovalsView)
        self.queueCountLabel.setObjectName(u"queueCountLabel")

        self.topLayout.addWidget(self.queueCountLabel)

        self.topSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.topLayout.addItem(self.topSpacer)

        self.refreshButton = QPushButton(ApprovalsView)
        self.refreshButton.setObjectName(u"refreshButton")

        self.topLayout.addWidget(self.refreshButton)


        self.mainLayout.addLayout(self.topLayout)

        self.messageLabel = QLabel(ApprovalsView)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.mainLayout.addWidget(self.messageLabel)

        self.splitter = QSplitter(ApprovalsView)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.queueGroup = QGroupBox(self.splitter)
        self.queueGroup.setObjectName(u"queueGroup")
        self.queueLayout = QVBoxLayout(self.queueGroup)
        self.queueLayout.setObjectName(u"queueLayout")
        self.queueTable = QTableView(self.queueGroup)
        self.queueTable.setObjectName(u"queueTable")
        self.queueTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.queueTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.queueTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.queueTable.setAlternatingRowColors(True)
        self.queueTable.setWordWrap(False)

        self.queueLayout.addWidget(self.queueTable)

        self.splitter.addWidget(self.queueGroup)
        self.decisionStack = QStackedWidget(self.splitter)
        self.decisionStack.setObjectName(u"decisionStack")
        self.emptyPage = QWidget()
        self.emptyPage.setObjectName(u"emptyPage")
        self.emptyLayout = QVBoxLayout(self.emptyPage)
        self.emptyLayout.setObjectName(u"emptyLayout")
        self.emptyLabel = QLabel(self.emptyPage)
        self.emptyLabel.setObjectName(u"emptyLabel")
        self.emptyLabel.setAlignment(Qt.AlignCenter)
        self.emptyLabel.setWordWrap(True)

        self.emptyLayout.addWidget(self.emptyLabel)

        self.decisionStack.addWidget(self.emptyPage)
        self.decisionPage = QWidget()
        self.decisionPage.setObjectName(u"decisionPage")
        self.decisionLayout = QVBoxLayout(self.decisionPage)
        self.decisionLayout.setObjectName(u"decisionLayout")
        self.detailBrowser = QTextBrowser(self.decisionPage)
        self.detailBrowser.setObjectName(u"detailBrowser")
        self.detailBrowser.setMinimumSize(QSize(380, 200))
        self.detailBrowser.setOpenLinks(False)

        self.decisionLayout.addWidget(self.detailBrowser)

        self.decisionGroup = QGroupBox(self.decisionPage)
        self.decisionGroup.setObjectName(u"decisionGroup")
        self.decisionForm = QFormLayout(self.decisionGroup)
        self.decisionForm.setObjectName(u"decisionForm")
        self.amountLabel = QLabel(self.decisionGroup)
        self.amountLabel.setObjectName(u"amountLabel")

        self.decisionForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.amountLabel)

        self.amountLayout = QHBoxLayout()
        self.amountLayout.setObjectName(u"amountLayout")
        self.amountEdit = QLineEdit(self.decisionGroup)
        self.amountEdit.setObjectName(u"amountEdit")
        self.amountEdit.setMaximumSize(QSize(140, 16777215))

        self.amountLayout.addWidget(self.amountEdit)

        self.limitLabel = QLabel(self.decisionGroup)
        self.limitLabel.setObjectName(u"limitLabel")
        self.limitLabel.setWordWrap(True)

        self.amountLayout.addWidget(self.limitLabel)

        self.amountLayout.setStretch(1, 1)

        self.decisionForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.amountLayout)

        self.amountProblem = QLabel(self.decisionGroup)
        self.amountProblem.setObjectName(u"amountProblem")
        self.amountProblem.setWordWrap(True)

        self.decisionForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.amountProblem)

        self.noteLabel = QLabel(self.decisionGroup)
        self.noteLabel.setObjectName(u"noteLabel")

        self.decisionForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.noteLabel)

        self.noteEdit = QPlainTextEdit(self.decisionGroup)
        self.noteEdit.setObjectName(u"noteEdit")
        self.noteEdit.setMaximumSize(QSize(16777215, 90))

        self.decisionForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.noteEdit)

        self.noteProblem = QLabel(self.decisionGroup)
        self.noteProblem.setObjectName(u"noteProblem")
        self.noteProblem.setWordWrap(True)

        self.decisionForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.noteProblem)


        self.decisionLayout.addWidget(self.decisionGroup)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.buttonSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.rejectButton = QPushButton(self.decisionPage)
        self.rejectButton.setObjectName(u"rejectButton")

        self.buttonLayout.addWidget(self.rejectButton)

        self.approveButton = QPushButton(self.decisionPage)
        self.approveButton.setObjectName(u"approveButton")

        self.buttonLayout.addWidget(self.approveButton)


        self.decisionLayout.addLayout(self.buttonLayout)

        self.decisionLayout.setStretch(0, 1)
        self.decisionStack.addWidget(self.decisionPage)
        self.splitter.addWidget(self.decisionStack)

        self.mainLayout.addWidget(self.splitter)

        self.mainLayout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.amountLabel.setBuddy(self.amountEdit)
        self.noteLabel.setBuddy(self.noteEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ApprovalsView)

        self.approveButton.setDefault(True)


        QMetaObject.connectSlotsByName(ApprovalsView)
    # setupUi

    def retranslateUi(self, ApprovalsView):
        ApprovalsView.setWindowTitle(QCoreApplication.translate("ApprovalsView", u"\u4e3b\u7ba1\u5ba1\u6279", None))
        self.refreshButton.setText(QCoreApplication.translate("ApprovalsView", u"\u5237\u65b0", None))
        self.queueGroup.setTitle(QCoreApplication.translate("ApprovalsView", u"\u5f85\u5ba1\u6279\uff08\u6700\u65e9\u7684\u5728\u524d\uff09", None))
        self.emptyLabel.setText(QCoreApplication.translate("ApprovalsView", u"\u5728\u5de6\u4fa7\u9009\u62e9\u4e00\u6761\u8bf7\u6c42\uff0c\u67e5\u770b\u8be6\u60c5\u5e76\u5ba1\u6279\u3002", None))
        self.decisionGroup.setTitle(QCoreApplication.translate("ApprovalsView", u"\u5ba1\u6279", None))
        self.amountLabel.setText(QCoreApplication.translate("ApprovalsView", u"\u6279\u51c6\u91d1\u989d\uff08\u5143\uff09", None))
        self.amountEdit.setPlaceholderText(QCoreApplication.translate("ApprovalsView", u"\u4f8b\u5982 30.00", None))
        self.noteLabel.setText(QCoreApplication.translate("ApprovalsView", u"\u610f\u89c1 / \u9a73\u56de\u7406\u7531", None))
        self.noteEdit.setPlaceholderText(QCoreApplication.translate("ApprovalsView", u"\u6279\u51c6\u65f6\u53ef\u7559\u8a00\uff1b\u9a73\u56de\u987b\u5199\u660e\u7406\u7531\uff08\u5ba2\u670d\u636e\u6b64\u56de\u590d\u5ba2\u6237\uff09", None))
        self.rejectButton.setText(QCoreApplication.translate("ApprovalsView", u"\u9a73\u56de", None))
        self.approveButton.setText(QCoreApplication.translate("ApprovalsView", u"\u6279\u51c6", None))
    # retranslateUi
